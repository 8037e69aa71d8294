/**
 * Answers of the stub that play a small part of the BYOK API.
 */
import { keyJson } from "./fixtures.js"
import { Reply } from "./StubHttpClient.js"

/** `GET /byok/{id}` answering with `keyJson(index)` whatever the id. */
export const oneKey = (index: number, overrides: Record<string, unknown> = {}): Reply =>
  Reply.json(200, { data: keyJson(index, overrides) })
