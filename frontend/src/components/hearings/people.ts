// How a person of the name index is told apart from others of the same name.
import type { Person, PersonRequest } from '@/api/types'

/**
 * A line of what distinguishes a person: gender, birth date, organisation,
 * occupation and the (masked) ID number, whichever are on record.
 */
export function personLine(p: Person, genderLabel: (g: string) => string): string {
  return [p.gender ? genderLabel(p.gender) : '', p.birth_date, p.organisation, p.occupation, p.id_number]
    .filter((x) => x && x.trim() !== '')
    .join(' · ')
}

/** The tag type of a recusal outcome: granted unseats the participant. */
export function recusalTagType(outcome: string): 'warning' | 'danger' | 'info' {
  if (outcome === 'granted') return 'danger'
  if (outcome === 'pending') return 'warning'
  return 'info'
}

/** Whether a dialog picks a person on record or enters a new one. */
export type PersonSourceMode = 'new' | 'existing'

/** The request fields a person source names in its errors, by mode. */
export function personSourceFields(mode: PersonSourceMode): string[] {
  return mode === 'existing' ? ['person_id'] : Object.keys(blankPerson()).map((f) => `person.${f}`)
}

export function blankPerson(): PersonRequest {
  return { name: '', gender: '', birth_date: '', id_number: '', phone: '', organisation: '', occupation: '' }
}

/** A new person's fields as sent: trimmed, the ID number upper-cased (its check letter is X). */
export function personRequest(p: PersonRequest): PersonRequest {
  return {
    name: p.name.trim(),
    gender: p.gender,
    birth_date: p.birth_date ?? '',
    id_number: p.id_number.trim().toUpperCase(),
    phone: p.phone.trim(),
    organisation: p.organisation.trim(),
    occupation: p.occupation.trim(),
  }
}
