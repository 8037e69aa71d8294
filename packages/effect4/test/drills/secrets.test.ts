/**
 * Drill: secrets never leak, from the shared table (`secrets` in openrouter-byok-scenarios), run with this edition: every
 * operation driven into every error it can meet against the mock server, the markers searched
 * for in every rendering of the error, every log line, every span and the server's request log.
 */
import { secrets } from "openrouter-byok-scenarios"
import { runTable } from "./support/runTable.js"

runTable(secrets)
