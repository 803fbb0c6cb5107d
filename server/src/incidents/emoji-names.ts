/**
 * The PDF's font has no colour emoji: an emoji drawn with it is an empty box (tofu). Reports
 * replace each one by its name in brackets, so that nothing is lost or shown as a box.
 */
const NAMES: Record<string, string> = {
  '😀': 'grinning face',
  '😃': 'grinning face with big eyes',
  '😄': 'grinning face with smiling eyes',
  '😁': 'beaming face',
  '😆': 'grinning squinting face',
  '😅': 'grinning face with sweat',
  '😂': 'face with tears of joy',
  '🤣': 'rolling on the floor laughing',
  '😊': 'smiling face with smiling eyes',
  '🙂': 'slightly smiling face',
  '😉': 'winking face',
  '😍': 'smiling face with heart-eyes',
  '🥰': 'smiling face with hearts',
  '😘': 'face blowing a kiss',
  '😎': 'smiling face with sunglasses',
  '🤔': 'thinking face',
  '😐': 'neutral face',
  '😑': 'expressionless face',
  '🙄': 'face with rolling eyes',
  '😏': 'smirking face',
  '😒': 'unamused face',
  '😔': 'pensive face',
  '😞': 'disappointed face',
  '😟': 'worried face',
  '😢': 'crying face',
  '😭': 'loudly crying face',
  '😤': 'face with steam from nose',
  '😠': 'angry face',
  '😡': 'enraged face',
  '🤬': 'face with symbols on mouth',
  '😱': 'face screaming in fear',
  '😨': 'fearful face',
  '😰': 'anxious face with sweat',
  '😷': 'face with medical mask',
  '🤒': 'face with thermometer',
  '🤮': 'face vomiting',
  '🤡': 'clown face',
  '💀': 'skull',
  '💩': 'pile of poo',
  '🙏': 'folded hands',
  '👍': 'thumbs up',
  '👎': 'thumbs down',
  '👏': 'clapping hands',
  '🙌': 'raising hands',
  '💪': 'flexed biceps',
  '👌': 'OK hand',
  '🖕': 'middle finger',
  '❤': 'red heart',
  '💔': 'broken heart',
  '🔥': 'fire',
  '💯': 'hundred points',
  '✅': 'check mark button',
  '❌': 'cross mark',
  '⚠': 'warning',
  '🚨': 'police car light',
  '📢': 'loudspeaker',
  '📣': 'megaphone',
  '🏥': 'hospital',
  '💊': 'pill',
  '💉': 'syringe',
  '💰': 'money bag',
  '🇮🇩': 'flag: Indonesia',
};

// One emoji as people type it: a pictograph or a flag, with its variation selector, skin tone,
// and any zero-width-joined parts. Code points below U+2190 (©, ®, ™, ‼) are ordinary text.
const EMOJI_RE = /(?:\p{Regional_Indicator}{2}|\p{Extended_Pictographic})(?:\uFE0F|\p{Emoji_Modifier})*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*)*/gu;
const BASE_STRIP = /[\uFE0F\u200D]|\p{Emoji_Modifier}/gu;

/** Text with every emoji replaced by `[its name]` (or `[emoji]` when not in the table). */
export function emojiToNames(text: string): string {
  return text.replace(EMOJI_RE, (m) => {
    const cp = m.codePointAt(0)!;
    if (cp < 0x2190) return m;
    const name = NAMES[m] ?? NAMES[m.replace(BASE_STRIP, '')] ?? NAMES[String.fromCodePoint(cp)];
    return `[${name ?? 'emoji'}]`;
  });
}
