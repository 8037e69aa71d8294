/** The Effect 4 reference loop (bench/effect4/clients/loop.ts) on `FetchHttpClient`. */
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { makeOn } from "./loop.js"

export const make = makeOn(FetchHttpClient.layer)
