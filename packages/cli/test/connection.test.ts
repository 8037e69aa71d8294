import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { apiUrlFromEnvironment } from "../src/connection.js"

const withEnvironment = (variables: Record<string, string>) =>
  Effect.provideService(ConfigProvider.ConfigProvider, ConfigProvider.fromEnv({ env: variables }))

describe("OPENROUTER_API_URL", () => {
  it.effect("is the URL when it holds one", () =>
    Effect.gen(function*() {
      const url = yield* apiUrlFromEnvironment.pipe(
        withEnvironment({ OPENROUTER_API_URL: "http://127.0.0.1:8080/api/v1" })
      )
      expect(url).toEqual(Option.some("http://127.0.0.1:8080/api/v1"))
    }))

  it.effect("counts as unset when empty, as an env file leaves it (`OPENROUTER_API_URL=`), so the default URL is used", () =>
    Effect.gen(function*() {
      for (const empty of ["", " ", "\t"]) {
        expect(yield* apiUrlFromEnvironment.pipe(withEnvironment({ OPENROUTER_API_URL: empty }))).toEqual(Option.none())
      }
      expect(yield* apiUrlFromEnvironment.pipe(withEnvironment({}))).toEqual(Option.none())
    }))
})
