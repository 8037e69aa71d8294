// A program that only lists keys with the official SDK, for the bundle-size measurement.
import { OpenRouterCore } from "@openrouter/sdk/core.js"
import { byokList } from "@openrouter/sdk/funcs/byokList.js"

const core = new OpenRouterCore({ apiKey: process.env.OPENROUTER_API_KEY ?? "" })

for await (const page of await byokList(core, {})) {
  if (!page.ok) throw page.error
  for (const key of page.value.result.data) console.log(key.id, key.provider)
}
