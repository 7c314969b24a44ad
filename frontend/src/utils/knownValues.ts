// Free-text values that come from other systems (the case type of the
// national case system) or are typed by users (a suggestion's source), and
// that the catalogue can name in English: looked up by their Chinese text,
// shown as they are when unknown.

/** The known values by their Chinese text, with their catalogue keys (knownValues.<set>.<key>). */
export const KNOWN_VALUES = {
  caseTypes: {
    审查逮捕: 'arrestReview',
    审查起诉: 'prosecutionReview',
    羁押必要性审查: 'custodyNecessity',
    延长侦查羁押期限: 'extension',
    刑事申诉: 'criminalAppeal',
    立案监督: 'filingSupervision',
    侦查活动监督: 'investigationSupervision',
    刑事审判监督: 'trialSupervision',
    刑事执行监督: 'executionSupervision',
    民事诉讼监督: 'civilSupervision',
    行政诉讼监督: 'administrativeSupervision',
    公益诉讼: 'publicInterest',
    国家赔偿: 'stateCompensation',
    司法救助: 'judicialAid',
  },
  sources: {
    类案分析: 'classCaseAnalysis',
    办案中发现: 'foundInCase',
    个案办理: 'caseHandling',
    群众举报: 'publicReport',
    上级交办: 'assigned',
    专项监督活动: 'campaign',
    '12309检察服务中心': 'serviceCentre',
    公益诉讼线索: 'publicInterestLead',
  },
} as const satisfies Record<string, Record<string, string>>

export type KnownValueSet = keyof typeof KNOWN_VALUES

/** A value in the language: its catalogue name when known (surrounding spaces ignored), else the value itself. */
export function knownValueName(set: KnownValueSet, raw: string | null | undefined, t: (key: string) => string): string {
  const value = (raw ?? '').trim()
  const key = (KNOWN_VALUES[set] as Record<string, string>)[value]
  return key ? t(`knownValues.${set}.${key}`) : value
}
