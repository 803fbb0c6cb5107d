// Function words the Indonesian features treat specially (English ones too, for mixed posts).

/** Words that turn the meaning of the next few words around. `kurang` (hardly) behaves alike for adjectives. */
export const ID_NEGATORS: ReadonlySet<string> = new Set(['tidak', 'tak', 'bukan', 'belum', 'jangan', 'tanpa', 'kurang', 'not', 'no', 'never']);
/** Words that strengthen the word next to them. */
export const ID_INTENSIFIERS: ReadonlySet<string> = new Set(['sangat', 'banget', 'sekali', 'amat', 'terlalu', 'paling', 'sungguh', 'super', 'benar', 'very', 'so']);
/** Words after which the writer's real point usually comes. */
export const ID_CONTRAST: ReadonlySet<string> = new Set(['tapi', 'tetapi', 'namun', 'sayangnya', 'sayang', 'padahal', 'but', 'however']);

/** What a word does to its neighbours: worked out once per word by the normalizer (Token.role). */
export const ROLE_NONE = 0;
export const ROLE_NEGATOR = 1;
export const ROLE_INTENSIFIER = 2;
export const ROLE_CONTRAST = 3;
