/**
 * A value on its way out of the fiber that produced it, emptied when it arrives.
 *
 * A finished fiber keeps its exit value, and a fiber that was alive during a minor garbage
 * collection (as a fiber waiting on a request is) has been moved to the old generation, where
 * whatever it points to stays alive until the next full collection. A fiber that ends with a
 * page therefore keeps the page long after it was used; one that ends with a parcel the
 * receiver has opened keeps nothing (see docs/PERFORMANCE.md, "Non-standard combinators kept").
 *
 * @internal
 */
export interface Parcel<A> {
  contents: A | undefined
}

/** @internal */
export const parcel = <A>(contents: A): Parcel<A> => ({ contents })

/**
 * The contents, once: the parcel is empty afterwards.
 *
 * @internal
 */
export const openParcel = <A>(parcel: Parcel<A>): A => {
  const contents = parcel.contents as A
  parcel.contents = undefined
  return contents
}
