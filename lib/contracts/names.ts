// What a name taken from a URL may hold. PostgreSQL refuses a NUL byte in text outright (an
// error, not a miss), and no service, workload or address carries control characters, so
// contracts reject them as a 400 before any query. Client-safe.
export const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
