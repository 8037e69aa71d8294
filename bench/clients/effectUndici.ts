/** This library's `listItems` on `NodeHttpClient.layerUndici` (undici's dispatcher, without the fetch API on top). */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { makeOn } from "./effectClient.js"

export const make = makeOn(NodeHttpClient.layerUndici)
