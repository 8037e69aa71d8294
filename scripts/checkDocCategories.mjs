// After docgen (npm run docs): docgen enforces @since and a description, not @category; an
// export without one lands under its default "utils" heading, so that heading fails the check.
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const pages = readdirSync("docs/modules", { recursive: true }).filter((file) => file.endsWith(".ts.md"))
const uncategorized = pages.filter((page) => /^# utils$/m.test(readFileSync(join("docs/modules", page), "utf8")))
if (uncategorized.length > 0) {
  console.error(`Exports without @category (listed under "utils") in: ${uncategorized.join(", ")}`)
  process.exit(1)
}
console.log(`every export of ${pages.length} modules has a @category`)
