/** Numbers in the core's words: "1,250", "1 session", "3 people". */
export const count = (n: number) => n.toLocaleString("en-GB");

export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;
