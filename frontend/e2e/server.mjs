// Starts the real Procura binary for a browser test and stops it again.
//
// The binary comes from PROCURA_BIN (required). It runs as its own process
// group with a fresh data directory, demo data and no DATABASE_URL, so it
// starts its private PostgreSQL under that directory; stopping it sends
// SIGTERM to the whole group (SIGKILL after 20 s) and removes the directory.
import { spawn } from 'node:child_process'
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const OUTPUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'output')

const READY_TIMEOUT_MS = 90_000
const STOP_TIMEOUT_MS = 20_000

/** The directory for screenshots and logs, created on demand. */
export function outputDir() {
  mkdirSync(OUTPUT_DIR, { recursive: true })
  return OUTPUT_DIR
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function groupAlive(pid) {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * PostgreSQL processes left under the data directory (postmaster.pid, up to
 * two levels down). The binary runs its cluster in a process group of its
 * own, so killing the binary's group does not reach it.
 */
function postmasters(dataDir) {
  const pids = []
  const visit = (dir, depth) => {
    let entries = []
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const path = join(dir, e.name)
      if (e.isFile() && e.name === 'postmaster.pid') {
        const pid = Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10)
        if (Number.isInteger(pid) && pid > 0 && alive(pid)) pids.push(pid)
      } else if (e.isDirectory() && depth < 2) visit(path, depth + 1)
    }
  }
  visit(dataDir, 0)
  return pids
}

/** Servers still running (pid → stop), stopped if the test process is interrupted. */
const running = new Map()
process.once('exit', () => {
  // Last resort, synchronous: the binary stops its own cluster on SIGTERM.
  for (const pid of running.keys()) {
    try {
      process.kill(-pid, 'SIGTERM') // the binary then stops its own cluster
    } catch {
      // already gone
    }
  }
})
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await Promise.allSettled([...running.values()].map((stop) => stop()))
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15))
  })
}

/** The last `lines` lines of a file, or '' when it cannot be read. */
export function tail(file, lines = 60) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return ''
  }
}

/**
 * Starts the server and waits until GET /readyz answers 200.
 * @param {string} name used for the log file name (e2e/output/<name>-server.log)
 * @returns {Promise<{baseURL: string, logFile: string, logTail: (n?: number) => string, stop: () => Promise<void>}>}
 */
export async function startServer(name) {
  const bin = process.env.PROCURA_BIN
  if (!bin) {
    throw new Error(
      'PROCURA_BIN is not set: point it at a procura binary built with the UI, e.g.\n' +
        '  (cd frontend && npm run build) && go build -tags ui -o /tmp/procura ./app\n' +
        '  PROCURA_BIN=/tmp/procura npm run test:e2e',
    )
  }
  if (!existsSync(bin)) throw new Error(`PROCURA_BIN=${bin} does not exist`)

  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), `procura-e2e-${name}-`))
  // The private cluster runs as the postgres system user, which must reach the directory.
  chmodSync(dataDir, 0o755)
  const logFile = join(outputDir(), `${name}-server.log`)
  const logFd = openSync(logFile, 'w')

  const env = { ...process.env, PROCURA_ADDR: `127.0.0.1:${port}`, PROCURA_DATA_DIR: dataDir, PROCURA_DEMO: '1' }
  delete env.DATABASE_URL

  const child = spawn(bin, [], { env, detached: true, stdio: ['ignore', logFd, logFd] })
  closeSync(logFd)
  let exited = child.exitCode !== null
  let exitInfo = ''
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true
      exitInfo = signal ? `signal ${signal}` : `code ${code}`
      resolve()
    })
  })
  child.once('error', (err) => {
    exited = true
    exitInfo = err.message
  })

  const baseURL = `http://127.0.0.1:${port}`
  const logTail = (n = 60) => tail(logFile, n)

  async function stop() {
    const pid = child.pid
    if (pid !== undefined && groupAlive(pid)) {
      try {
        process.kill(-pid, 'SIGTERM')
      } catch {
        // already gone
      }
      const deadline = Date.now() + STOP_TIMEOUT_MS
      await Promise.race([exitPromise, sleep(STOP_TIMEOUT_MS)])
      // The binary's own children (PostgreSQL) share the group; give them the rest of the time.
      while (groupAlive(pid) && Date.now() < deadline) await sleep(200)
      if (groupAlive(pid)) {
        process.stderr.write(`procura (${name}) did not stop within ${STOP_TIMEOUT_MS / 1000}s; killing its group\n`)
        try {
          process.kill(-pid, 'SIGKILL')
        } catch {
          // gone meanwhile
        }
        await Promise.race([exitPromise, sleep(5_000)])
      }
      running.delete(pid)
    }
    // A cluster that outlived the binary (killed, or crashed) is stopped here.
    for (const pm of postmasters(dataDir)) {
      process.stderr.write(`procura (${name}) left PostgreSQL ${pm} running; stopping it\n`)
      try {
        process.kill(pm, 'SIGQUIT')
      } catch {
        // gone meanwhile
      }
      for (let i = 0; i < 50 && alive(pm); i++) await sleep(100)
      if (alive(pm)) process.kill(pm, 'SIGKILL')
    }
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 })
  }

  if (child.pid !== undefined) running.set(child.pid, stop)

  const deadline = Date.now() + READY_TIMEOUT_MS
  let lastError = ''
  while (Date.now() < deadline) {
    if (exited) {
      await stop()
      throw new Error(`procura exited before it was ready (${exitInfo}). Log tail:\n${logTail()}`)
    }
    try {
      const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(2_000) })
      if (res.status === 200) return { baseURL, logFile, logTail, stop }
      lastError = `readyz answered ${res.status}`
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e)
    }
    await sleep(250)
  }
  await stop()
  throw new Error(`procura was not ready within ${READY_TIMEOUT_MS / 1000}s (${lastError}). Log tail:\n${logTail()}`)
}
