// examples/start.ts: a mock BYOK API for a test, from plain TypeScript, with one scripted fault.
import { ByokKeyFixtures, start } from "openrouter-byok-mock-server"

const server = await start({ keys: ByokKeyFixtures.make({ count: 25, seed: 1 }) })
try {
  const headers = { authorization: `Bearer ${server.apiKey}` }
  server.injectFaults(["http503"])
  const first = await fetch(`${server.url}/byok?limit=5`, { headers })
  const second = await fetch(`${server.url}/byok?limit=5`, { headers })
  const page = await second.json()
  console.log(first.status, second.status, page.data.length, page.total_count)
  // 503 200 5 17
  console.log(server.requests().map((request) => `${request.method} ${request.path} ${request.fault ?? "-"}`))
  // [ 'GET /api/v1/byok http503', 'GET /api/v1/byok -' ]
} finally {
  await server.close()
}
