/**
 * Drill: an operation that is interrupted stops at once, whatever it is doing, from the shared
 * table (`interruption` in openrouter-byok-scenarios). Run with this edition.
 */
import { interruption } from "openrouter-byok-scenarios"
import { runTable } from "./support/runTable.js"

runTable(interruption)
