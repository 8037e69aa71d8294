/** The reference loop (bench/clients/effectLoop.ts) on `FetchHttpClient`. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { makeOn } from "./effectLoop.js"

export const make = makeOn(FetchHttpClient.layer)
