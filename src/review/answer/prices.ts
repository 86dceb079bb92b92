/** USD per million tokens, as providers list them. */
export interface Prices {
  input: number;
  output: number;
  cachedInput: number;
}
