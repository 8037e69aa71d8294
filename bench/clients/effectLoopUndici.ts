/** The reference loop (bench/clients/effectLoop.ts) on `NodeHttpClient.layerUndici`. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { makeOn } from "./effectLoop.js"

export const make = makeOn(NodeHttpClient.layerUndici)
