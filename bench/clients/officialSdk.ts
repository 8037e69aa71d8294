/** The official `@openrouter/sdk`: the standalone `byokList`, iterating its pages. */
import { OpenRouterCore } from "@openrouter/sdk/core.js"
import { byokList } from "@openrouter/sdk/funcs/byokList.js"
import type { MakeListAll } from "./ListAll.js"

export const make: MakeListAll = async ({ apiKey, apiUrl, limit }) => {
  const core = new OpenRouterCore({ apiKey, serverURL: apiUrl })
  return async () => {
    let items = 0
    for await (const page of await byokList(core, { limit })) {
      if (!page.ok) throw page.error
      items += page.value.result.data.length
    }
    return items
  }
}
