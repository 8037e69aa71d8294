/** The floor: a bare `fetch` + `JSON.parse` loop, no validation, no retries, no tracing. */
import type { MakeListAll } from "./ListAll.js"

export const make: MakeListAll = async ({ apiKey, apiUrl, limit }) => async () => {
  const headers = { accept: "application/json", authorization: `Bearer ${apiKey}` }
  let offset = 0
  let items = 0
  for (;;) {
    const response = await fetch(`${apiUrl}/byok?offset=${offset}&limit=${limit}`, { headers })
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    const body = JSON.parse(await response.text()) as { data: Array<unknown>; total_count: number }
    items += body.data.length
    offset += body.data.length
    if (body.data.length === 0 || offset >= body.total_count) return items
  }
}
