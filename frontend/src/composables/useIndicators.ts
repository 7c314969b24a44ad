import { computed, ref } from 'vue'
import { indicatorsApi } from '@/api/analysis'
import type { IndicatorDef, IndicatorRequest, QuantityInfo } from '@/api/types'

/** The indicator catalogue and the quantities its formulas are made of. */
export function useIndicators() {
  const indicators = ref<IndicatorDef[]>([])
  const quantities = ref<QuantityInfo[]>([])
  const loading = ref(false)
  const byCode = computed(() => new Map(indicators.value.map((d) => [d.code, d])))

  async function load(withQuantities = false): Promise<void> {
    loading.value = true
    try {
      const [list, qs] = await Promise.all([indicatorsApi.list(), withQuantities ? indicatorsApi.quantities() : null])
      indicators.value = list.items
      if (qs) quantities.value = qs.items
    } finally {
      loading.value = false
    }
  }

  function replace(d: IndicatorDef): void {
    const i = indicators.value.findIndex((x) => x.code === d.code)
    if (i >= 0) indicators.value.splice(i, 1, d)
    else indicators.value.push(d)
  }

  async function save(code: string | null, body: IndicatorRequest): Promise<IndicatorDef> {
    const d = code === null ? await indicatorsApi.create(body) : await indicatorsApi.revise(code, body)
    replace(d)
    return d
  }

  return { indicators, quantities, loading, byCode, load, save }
}
