// Checks the hand-written API types (src/api/types.ts) against the server's
// /api/openapi.json: the same fields, the same JSON types, null where the
// server may send null. Field order and required-ness are not compared.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { startServer } from './server.mjs'

const TYPES_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'api', 'types.ts')

/** [method, path, TS type] of each success response body. */
const RESPONSES = [
  ['post', '/api/v1/auth/login', 'LoginResponse'],
  ['get', '/api/v1/auth/me', 'MeResponse'],
  ['get', '/api/v1/units', 'UnitList'],
  ['post', '/api/v1/units', 'Unit'],
  ['patch', '/api/v1/units/{id}', 'Unit'],
  ['get', '/api/v1/users', 'UserList'],
  ['post', '/api/v1/users', 'CreateUserResponse'],
  ['patch', '/api/v1/users/{id}', 'User'],
  ['put', '/api/v1/users/{id}/grants', 'User'],
  ['post', '/api/v1/users/{id}/unlock', 'User'],
  ['get', '/api/v1/audit-events', 'AuditEventList'],
  ['get', '/api/v1/suggestions', 'SuggestionList'],
  ['get', '/api/v1/suggestions/work', 'WorkResponse'],
  ['post', '/api/v1/suggestions', 'Suggestion'],
  ['get', '/api/v1/suggestions/{id}', 'Suggestion'],
  ['patch', '/api/v1/suggestions/{id}', 'Suggestion'],
  ['post', '/api/v1/suggestions/{id}/transitions', 'Suggestion'],
  ['post', '/api/v1/suggestions/{id}/replies', 'Reply'],
  ['post', '/api/v1/suggestions/{id}/followups', 'FollowUp'],
  ['post', '/api/v1/suggestions/{id}/verification', 'Verification'],
  ['post', '/api/v1/suggestions/{id}/attachments', 'Attachment'],
  ['get', '/api/v1/categories', 'CategoryList'],
  ['put', '/api/v1/categories/{code}', 'Category'],
  ['get', '/api/v1/doc-prefixes', 'DocPrefixList'],
  ['put', '/api/v1/doc-prefixes/{type}', 'DocPrefix'],
  ['get', '/api/v1/calendar/{year}', 'CalendarYear'],
  ['put', '/api/v1/calendar/{year}', 'CalendarYear'],
  ['get', '/api/v1/calendar/deadline', 'DeadlineResponse'],
  ['get', '/api/v1/notifications', 'NotificationList'],
  ['get', '/api/v1/hearings', 'HearingList'],
  ['post', '/api/v1/hearings', 'Hearing'],
  ['get', '/api/v1/hearings/{id}', 'Hearing'],
  ['patch', '/api/v1/hearings/{id}', 'Hearing'],
  ['post', '/api/v1/hearings/{id}/transitions', 'Hearing'],
  ['get', '/api/v1/hearings/stats', 'HearingStats'],
  ['post', '/api/v1/hearings/{id}/participants', 'Participant'],
  ['put', '/api/v1/hearings/{id}/participants/{pid}/opinion', 'Participant'],
  ['post', '/api/v1/hearings/{id}/participants/{pid}/recusal', 'Participant'],
  ['get', '/api/v1/persons', 'PersonList'],
  ['post', '/api/v1/hearings/{id}/officer-draw', 'DrawResponse'],
  ['get', '/api/v1/hearing-officers', 'HearingOfficerList'],
  ['post', '/api/v1/hearing-officers', 'HearingOfficer'],
  ['patch', '/api/v1/hearing-officers/{id}', 'HearingOfficer'],
  ['get', '/api/v1/cases', 'CaseList'],
  ['post', '/api/v1/cases', 'Case'],
  ['get', '/api/v1/cases/{id}', 'Case'],
  ['post', '/api/v1/cases/{id}/events', 'CaseEventRecord'],
  ['post', '/api/v1/imports', 'ImportJob'],
  ['get', '/api/v1/imports', 'ImportList'],
  ['get', '/api/v1/imports/{id}', 'ImportJob'],
  ['get', '/api/v1/indicators', 'IndicatorList'],
  ['get', '/api/v1/indicators/quantities', 'QuantityList'],
  ['post', '/api/v1/indicators', 'IndicatorDef'],
  ['put', '/api/v1/indicators/{code}', 'IndicatorDef'],
  ['get', '/api/v1/metrics', 'MetricsResponse'],
  ['get', '/api/v1/analysis/class-cases/{category}', 'ClassCaseAnalysis'],
  ['get', '/api/v1/reports/bimonthly', 'BimonthlyReport'],
  ['get', '/api/v1/reports/scoring', 'ReportScoring'],
  ['put', '/api/v1/reports/scoring', 'ReportScoring'],
  ['post', '/api/v1/reports/snapshots', 'ReportSnapshot'],
  ['get', '/api/v1/reports/snapshots', 'ReportSnapshotList'],
  ['get', '/api/v1/reports/snapshots/{id}', 'ReportSnapshot'],
]

/** [method, path, TS type] of each request body. */
const REQUESTS = [
  ['post', '/api/v1/auth/login', 'LoginRequest'],
  ['post', '/api/v1/auth/password', 'ChangePasswordRequest'],
  ['post', '/api/v1/units', 'CreateUnitRequest'],
  ['patch', '/api/v1/units/{id}', 'UpdateUnitRequest'],
  ['post', '/api/v1/users', 'CreateUserRequest'],
  ['patch', '/api/v1/users/{id}', 'UpdateUserRequest'],
  ['put', '/api/v1/users/{id}/grants', 'ReplaceGrantsRequest'],
  ['post', '/api/v1/suggestions', 'SuggestionRequest'],
  ['patch', '/api/v1/suggestions/{id}', 'SuggestionRequest'],
  ['post', '/api/v1/suggestions/{id}/transitions', 'TransitionRequest'],
  ['post', '/api/v1/suggestions/{id}/replies', 'ReplyRequest'],
  ['post', '/api/v1/suggestions/{id}/followups', 'FollowUpRequest'],
  ['post', '/api/v1/suggestions/{id}/verification', 'VerificationRequest'],
  ['put', '/api/v1/categories/{code}', 'CategoryRequest'],
  ['put', '/api/v1/doc-prefixes/{type}', 'DocPrefixRequest'],
  ['put', '/api/v1/calendar/{year}', 'CalendarYear'],
  ['post', '/api/v1/hearings', 'HearingRequest'],
  ['patch', '/api/v1/hearings/{id}', 'HearingRequest'],
  ['post', '/api/v1/hearings/{id}/transitions', 'HearingTransitionRequest'],
  ['post', '/api/v1/hearings/{id}/participants', 'ParticipantRequest'],
  ['put', '/api/v1/hearings/{id}/participants/{pid}/opinion', 'OpinionRequest'],
  ['post', '/api/v1/hearings/{id}/participants/{pid}/recusal', 'RecusalRequest'],
  ['post', '/api/v1/hearings/{id}/officer-draw', 'DrawRequest'],
  ['post', '/api/v1/hearing-officers', 'OfficerRequest'],
  ['patch', '/api/v1/hearing-officers/{id}', 'OfficerPatchRequest'],
  ['post', '/api/v1/cases', 'CaseRequest'],
  ['post', '/api/v1/cases/{id}/events', 'CaseEventRequest'],
  ['post', '/api/v1/indicators', 'IndicatorRequest'],
  ['put', '/api/v1/indicators/{code}', 'IndicatorRequest'],
  ['put', '/api/v1/reports/scoring', 'ReportScoring'],
  ['post', '/api/v1/reports/snapshots', 'SnapshotRequest'],
]

function loadTypes() {
  const program = ts.createProgram([TYPES_FILE], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022 })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(TYPES_FILE)
  const moduleSymbol = checker.getSymbolAtLocation(source)
  const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]))
  return {
    checker,
    named(name) {
      const sym = exports.get(name)
      if (!sym) throw new Error(`types.ts exports no ${name}`)
      return checker.getDeclaredTypeOfSymbol(sym)
    },
  }
}

function deref(spec, schema) {
  let s = schema
  while (s && s.$ref) s = spec.components.schemas[s.$ref.replace('#/components/schemas/', '')]
  return s ?? {}
}

/** Compares a TS type with a schema; pushes "path: problem" lines into `problems`. */
function compare(types, spec, tsType, schema, where, problems, mode, seen = new Set()) {
  const { checker } = types
  schema = deref(spec, schema)
  const parts = tsType.isUnion() ? tsType.types : [tsType]
  const isNullish = (t) => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0
  const hasNull = parts.some((t) => (t.flags & ts.TypeFlags.Null) !== 0)
  const core = parts.filter((t) => !isNullish(t))
  // A response field the server may send as null must allow null; a request need never send null.
  if (schema.nullable && !hasNull && mode === 'response') problems.push(`${where}: server may send null, the type does not allow it`)
  if (!schema.type && !schema.properties) return // any JSON: nothing to check
  const flags = core.reduce((f, t) => f | t.flags, 0)
  const text = checker.typeToString(tsType)
  switch (schema.type) {
    case 'integer':
    case 'number':
      if (!(flags & ts.TypeFlags.NumberLike)) problems.push(`${where}: server sends a number, type is ${text}`)
      return
    case 'string':
      if (!(flags & ts.TypeFlags.StringLike)) problems.push(`${where}: server sends a string, type is ${text}`)
      return
    case 'boolean':
      if (!(flags & ts.TypeFlags.BooleanLike)) problems.push(`${where}: server sends a boolean, type is ${text}`)
      return
    case 'array': {
      const arr = core.find((t) => checker.isArrayType(t))
      if (!arr) return void problems.push(`${where}: server sends an array, type is ${text}`)
      const [item] = checker.getTypeArguments(arr)
      return compare(types, spec, item, schema.items, `${where}[]`, problems, mode, seen)
    }
    default: {
      const obj = core.find((t) => (t.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(t))
      if (!obj) return void problems.push(`${where}: server sends an object, type is ${text}`)
      const key = `${checker.typeToString(obj)}|${JSON.stringify(schema)}`
      if (seen.has(key)) return
      seen.add(key)
      const props = new Map(checker.getPropertiesOfType(obj).map((p) => [p.name, p]))
      const schemaProps = schema.properties ?? {}
      for (const name of Object.keys(schemaProps)) {
        if (!props.has(name)) problems.push(`${where}.${name}: in the OpenAPI document, missing from types.ts`)
      }
      for (const [name, sym] of props) {
        if (!(name in schemaProps)) {
          problems.push(`${where}.${name}: in types.ts, not in the OpenAPI document`)
          continue
        }
        const decl = sym.valueDeclaration ?? sym.declarations?.[0]
        const propType = checker.getTypeOfSymbolAtLocation(sym, decl)
        compare(types, spec, propType, schemaProps[name], `${where}.${name}`, problems, mode, seen)
      }
    }
  }
}

function bodySchema(op, status) {
  return op?.responses?.[status]?.content?.['application/json']?.schema
}

describe('API types match /api/openapi.json', () => {
  let server
  let spec
  let types

  before(async () => {
    server = await startServer('contract')
    const res = await fetch(`${server.baseURL}/api/openapi.json`)
    assert.equal(res.status, 200)
    spec = await res.json()
    types = loadTypes()
  })
  after(async () => {
    await server?.stop()
  })

  for (const [method, path, name] of RESPONSES) {
    test(`${method.toUpperCase()} ${path} → ${name}`, () => {
      const op = spec.paths[path]?.[method]
      assert.ok(op, `the server has no ${method.toUpperCase()} ${path}`)
      const status = Object.keys(op.responses).find((s) => /^2\d\d$/.test(s) && bodySchema(op, s))
      assert.ok(status, 'no JSON success response documented')
      const problems = []
      compare(types, spec, types.named(name), bodySchema(op, status), name, problems, 'response')
      assert.deepEqual(problems, [])
    })
  }

  for (const [method, path, name] of REQUESTS) {
    test(`${method.toUpperCase()} ${path} ← ${name}`, () => {
      const schema = spec.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema
      assert.ok(schema, `no JSON request body documented for ${method.toUpperCase()} ${path}`)
      const problems = []
      compare(types, spec, types.named(name), schema, name, problems, 'request')
      // A request may send less than the server accepts, never something it does not know.
      assert.deepEqual(
        problems.filter((p) => !p.includes('missing from types.ts')),
        [],
      )
    })
  }

  test('the error shape → ApiErrorBody', () => {
    const op = spec.paths['/api/v1/units'].get
    const problems = []
    compare(types, spec, types.named('ApiErrorBody'), bodySchema(op, 'default'), 'ApiErrorBody', problems, 'response')
    assert.deepEqual(problems, [])
  })
})
