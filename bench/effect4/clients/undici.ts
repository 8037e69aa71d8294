/** The Effect 4 edition's `listItems` on `@effect/platform-node` 4's `NodeHttpClient.layerUndici`. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { makeOn } from "./effectClient.js"

export const make = makeOn(NodeHttpClient.layerUndici)
