// Polarity of the emoji and emoticons people use to carry sentiment in posts, in [-1, 1],
// written for this project. Emoji not listed (flags, objects, most animals) carry none.
const EMOJI_SRC: Array<[string, number]> = [
  // Joy, love, approval.
  ['😀😃😄😁😆😊☺😇🙂🤗🥳😎🤩👏🙌💯✨🎉🎊🏆🥇✅👌💪🌟⭐🆗🔥', 0.6],
  ['😍🥰😘😻❤💕💖💗💓💞💝♥🧡💛💚💙💜🤍🤎🖤💘', 0.7],
  ['👍🙏😌😋😉😺😸🤝🆒🎁🌹🌸💐', 0.45],
  ['😂🤣😹😅', 0.2],
  // Doubt, boredom: weakly negative.
  ['😐😑😶🙄😏😒🤔🤨😬🫤😕🥱😴🤐🫠', -0.3],
  // Sadness, fear.
  ['😞😔😟🙁☹😣😖😫😩😢😭😥😓😰😨😱🥺💔😿🤕🤒😷🥀', -0.6],
  // Anger, disgust, contempt.
  ['😠😡🤬👿💢🤮🤢👎💩🖕😤☠💀🤡🙅⛔🚫❌', -0.75],
];

const EMOTICONS: Array<[string, number]> = [
  [':)', 0.5], [':-)', 0.5], [':]', 0.5], ['=)', 0.5], [':d', 0.6], [':-d', 0.6], ['xd', 0.3], [';)', 0.4], [';-)', 0.4],
  [':p', 0.3], [':-p', 0.3], ['<3', 0.6], ['^^', 0.4], ['^_^', 0.5], [':*', 0.5],
  [':(', -0.6], [':-(', -0.6], [":'(", -0.7], [':((', -0.7], [':[', -0.5], ['=(', -0.6], ['>:(', -0.8], [':/', -0.3], [':-/', -0.3],
  [':|', -0.2], ['-_-', -0.4], ['</3', -0.6], ['t_t', -0.6], ['>_<', -0.4],
];

/** Emoji (one code point, variation selectors stripped) → polarity. */
export const EMOJI_POLARITY: ReadonlyMap<string, number> = new Map(
  EMOJI_SRC.flatMap(([chars, polarity]) => [...chars].map((c): [string, number] => [c, polarity])),
);

/** Emoticon (lower-cased) → polarity. */
export const EMOTICON_POLARITY: ReadonlyMap<string, number> = new Map(EMOTICONS);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Emoticons as whole "words": bounded by space or text edge, so `http://` or `10:30` never match.
 * Longest first, so `:((` wins over `:(`.
 */
export const EMOTICON_RE = new RegExp(
  `(?<=^|\\s)(?:${[...EMOTICON_POLARITY.keys()].sort((a, b) => b.length - a.length).map(escape).join('|')})+[()[\\]dp3]*(?=$|\\s)`,
  'giu',
);
