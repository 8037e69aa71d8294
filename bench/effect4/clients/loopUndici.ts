/** The Effect 4 reference loop (bench/effect4/clients/loop.ts) on `NodeHttpClient.layerUndici`. */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { makeOn } from "./loop.js"

export const make = makeOn(NodeHttpClient.layerUndici)
