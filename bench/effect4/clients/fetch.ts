/** The Effect 4 edition's `listItems` on `FetchHttpClient` (from `effect/http`). */
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { makeOn } from "./effectClient.js"

export const make = makeOn(FetchHttpClient.layer)
