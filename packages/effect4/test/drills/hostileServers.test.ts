/**
 * Drill: servers, proxies and gateways that lie, from the shared table (`hostileServers` in
 * openrouter-byok-scenarios), run with this edition.
 */
import { hostileServers } from "openrouter-byok-scenarios"
import { runTable } from "./support/runTable.js"

runTable(hostileServers)
