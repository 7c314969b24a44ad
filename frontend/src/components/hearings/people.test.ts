import { describe, expect, it } from 'vitest'
import type { Person } from '@/api/types'
import { blankPerson, personLine, personRequest, personSourceFields, recusalTagType } from './people'

const person: Person = {
  id: 1,
  name: '王建华',
  gender: 'male',
  birth_date: '1975-03-02',
  id_number: '429004********1234',
  phone: '',
  organisation: '仙桃市人大代表',
  occupation: '',
}

describe('people', () => {
  it('tells a person apart by what is on record', () => {
    const g = (x: string) => ({ male: '男', female: '女' })[x] ?? x
    expect(personLine(person, g)).toBe('男 · 1975-03-02 · 仙桃市人大代表 · 429004********1234')
    expect(personLine({ ...person, gender: '', birth_date: '', organisation: ' ', id_number: '' }, g)).toBe('')
  })

  it('sends a new person trimmed, with the ID check letter in capitals', () => {
    const p = { ...blankPerson(), name: ' 李丽娟 ', id_number: ' 42900419800101123x ', birth_date: null as unknown as string }
    expect(personRequest(p)).toEqual({ ...blankPerson(), name: '李丽娟', id_number: '42900419800101123X' })
  })

  it('names the fields of the person source in use', () => {
    expect(personSourceFields('existing')).toEqual(['person_id'])
    expect(personSourceFields('new')).toContain('person.birth_date')
    expect(personSourceFields('new')).not.toContain('person_id')
  })

  it('marks a granted recusal strongest', () => {
    expect(recusalTagType('granted')).toBe('danger')
    expect(recusalTagType('pending')).toBe('warning')
    expect(recusalTagType('refused')).toBe('info')
  })
})
