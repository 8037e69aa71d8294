/** The most credentials one page of `GET /byok` can hold (the API document's maximum `limit`). */
export const maxPageSize = 100

/** The page size the API uses when a request gives no `limit` (the API document's default). */
export const defaultPageSizeOfApi = 50
