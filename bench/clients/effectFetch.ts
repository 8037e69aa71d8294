/** This library's `listItems` on `FetchHttpClient`. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { makeOn } from "./effectClient.js"

export const make = makeOn(FetchHttpClient.layer)
