/** A JSON value as events, hashes and signatures hold it (no undefined, Dates, Maps or bigints). */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };
