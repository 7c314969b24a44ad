// The API contract between the server and this client. The client's types
// are generated from the server's OpenAPI document (scripts/gen-api.mjs),
// so what is left to check against the running server is that
//   - every operation documents what it answers on success: a JSON schema,
//     the media type of a download, or nothing for 204 — a route without a
//     response schema would give the client no type at all;
//   - the generated files (src/api/schema.d.ts, src/api/enums.ts) are those
//     of the document the server serves now, not of an older one.
// The last tests feed the checks a broken document, to show they can fail.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { API_DIR, OUTPUTS, renderApi } from '../scripts/gen-api.mjs'
import { startServer } from './server.mjs'

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete'])

/** Each operation of the document as [label, operation]. */
function operations(doc) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => [`${method.toUpperCase()} ${path}`, op]),
  )
}

/** What is wrong with the documented responses, one line per problem. */
export function responseProblems(doc) {
  const problems = []
  for (const [label, op] of operations(doc)) {
    const successes = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status))
    if (successes.length !== 1) problems.push(`${label}: ${successes.length} success responses documented, want 1`)
    for (const [status, response] of successes) {
      const content = Object.entries(response.content ?? {})
      if (status === '204') {
        if (content.length > 0) problems.push(`${label}: 204 documents a body`)
        continue
      }
      if (content.length === 0) problems.push(`${label}: ${status} has no response schema`)
      for (const [type, media] of content) {
        const schema = media.schema
        if (type === 'application/json') {
          if (!schema || (!schema.$ref && !schema.type && !schema.allOf)) problems.push(`${label}: ${status} JSON without a schema`)
        } else if (schema?.type !== 'string' || schema.format !== 'binary') {
          problems.push(`${label}: ${status} download ${type} is not a binary string`)
        }
      }
    }
    if (!op.responses?.default?.content?.['application/json']?.schema) problems.push(`${label}: no error shape (default response)`)
  }
  return problems
}

/** References to component schemas that do not exist. */
export function danglingRefs(doc) {
  const out = new Set()
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    if (typeof node.$ref === 'string') {
      const name = node.$ref.replace('#/components/schemas/', '')
      if (!doc.components?.schemas?.[name]) out.add(node.$ref)
    }
    Object.values(node).forEach(visit)
  }
  visit(doc)
  return [...out]
}

/** The files that differ from what the document generates, as "file: first differing line". */
function staleOutputs(rendered) {
  const stale = []
  for (const [key, file] of Object.entries(OUTPUTS)) {
    let have = ''
    try {
      have = readFileSync(join(API_DIR, file), 'utf8')
    } catch {
      stale.push(`${file}: missing (run npm run gen:api)`)
      continue
    }
    if (have === rendered[key]) continue
    const a = have.split('\n')
    const b = rendered[key].split('\n')
    const line = a.findIndex((l, i) => l !== b[i])
    stale.push(`${file}: line ${line + 1} is ${JSON.stringify(a[line])}, the server's document gives ${JSON.stringify(b[line])}`)
  }
  return stale
}

describe('API contract with the running server', () => {
  let server
  let doc

  before(async () => {
    server = await startServer('contract')
    const res = await fetch(`${server.baseURL}/api/openapi.json`)
    assert.equal(res.status, 200)
    doc = await res.json()
  })
  after(async () => {
    await server?.stop()
  })

  test('every route documents its success response and the error shape', () => {
    assert.ok(operations(doc).length > 50, `only ${operations(doc).length} operations documented`)
    assert.deepEqual(responseProblems(doc), [])
    assert.deepEqual(danglingRefs(doc), [])
  })

  test('the closed value sets are in the document', () => {
    assert.ok(doc['x-enums'], 'no x-enums')
    const status = doc.components.schemas.suggestionSummary.properties.status
    assert.deepEqual(status.enum, doc['x-enums'].suggestion_status)
  })

  test('the generated types are those of the document the server serves', async () => {
    const rendered = await renderApi(doc)
    const stale = staleOutputs(rendered)
    if (stale.length > 0) {
      // The expected files, to compare with diff -u.
      const dir = mkdtempSync(join(tmpdir(), 'procura-contract-'))
      for (const [key, file] of Object.entries(OUTPUTS)) writeFileSync(join(dir, file), rendered[key])
      stale.push(`expected files in ${dir}; run npm run gen:api against this server's code`)
    }
    assert.deepEqual(stale, [])
  })

  test('the checks fail on a route without a response schema', () => {
    const broken = structuredClone(doc)
    const [label, op] = operations(broken).find(([, o]) => o.responses?.['200']?.content?.['application/json'])
    delete op.responses['200'].content
    assert.deepEqual(responseProblems(broken), [`${label}: 200 has no response schema`])
    const dangling = structuredClone(doc)
    dangling.paths['/api/v1/units'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/nothing' }
    assert.deepEqual(danglingRefs(dangling), ['#/components/schemas/nothing'])
  })

  test('the comparison fails on a document that changed', async () => {
    const changed = structuredClone(doc)
    changed.components.schemas.suggestionSummary.properties.status.enum.push('archived')
    changed['x-enums'].suggestion_status.push('archived')
    const stale = staleOutputs(await renderApi(changed))
    assert.equal(stale.length, 2, stale.join('\n'))
  })
})
