/**
 * Drill: an operation that is interrupted stops at once, whatever it is doing, from the shared
 * table (`interruption` in openrouter-byok-scenarios). This edition's adapter also lists, with
 * `Supervisor.track`, the fibers the operation started, and none may be left running.
 */
import { interruption } from "openrouter-byok-scenarios"
import { runTable } from "./support/runTable.js"

runTable(interruption)
