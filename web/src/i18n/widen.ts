/** An English text tree of the same shape as the Chinese one: every key there, each a string. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
