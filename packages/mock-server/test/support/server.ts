import { afterEach } from "vitest"
import { type MockServerHandle, start, type StartOptions } from "../../src/index.js"

const running: Array<MockServerHandle> = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()))
})

/** A server that lives until the end of the test. */
export const serve = async (options: StartOptions = {}): Promise<MockServerHandle> => {
  const server = await start(options)
  running.push(server)
  return server
}
