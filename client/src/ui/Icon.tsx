/*
 * The dashboard's icons, drawn as inline SVG. Emoji and symbol glyphs rendered as empty boxes on a
 * Chromium without an emoji font (a wall PC, a locked-down kiosk); paths draw the same everywhere.
 * Every icon is decorative (`aria-hidden`): the words beside it say what it means.
 */

const PATHS = {
  arrowLeft: <path d="M7.2 3 2.2 8l5 5 1.1-1.1-3.1-3.1H14V7.2H5.2l3.1-3.1z" />,
  arrowRight: <path d="M8.8 3 7.7 4.1l3.1 3.1H2v1.6h8.8l-3.1 3.1L8.8 13l5-5z" />,
  arrowUp: <path d="M8 2.2 3 7.2l1.1 1.1 3.1-3.1V14h1.6V5.2l3.1 3.1L13 7.2z" />,
  arrowDown: <path d="M8 13.8 3 8.8l1.1-1.1 3.1 3.1V2h1.6v8.8l3.1-3.1L13 8.8z" />,
  check: <path d="M6.2 11.6 2.7 8.1 1.6 9.2l4.6 4.6 8.2-8.2-1.1-1.1z" />,
  cross: <path d="M12.6 2.3 8 6.9 3.4 2.3 2.3 3.4 6.9 8l-4.6 4.6 1.1 1.1L8 9.1l4.6 4.6 1.1-1.1L9.1 8l4.6-4.6z" />,
  warning: <path d="M8 1.5.8 14h14.4zm-.8 4.3h1.6v4.4H7.2zm0 5.4h1.6v1.6H7.2z" fillRule="evenodd" />,
  info: <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-.8 3.2h1.6v1.6H7.2zm0 3h1.6v4.6H7.2z" fillRule="evenodd" />,
  critical: <path d="M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1zm2.1 3v5h1.6V4zm0 6.4V12h1.6v-1.6z" fillRule="evenodd" />,
  exclamation: <path d="M7 2h2v8H7zm0 10h2v2H7z" />,
  letterI: <path d="M7 2h2v2H7zm0 4h2v8H7z" />,
  pause: <path d="M3.5 2.5h3v11h-3zm6 0h3v11h-3z" />,
  play: <path d="M4 2.2v11.6L13.5 8z" />,
  triangleUp: <path d="M8 2.5 14.5 13.5h-13z" />,
  triangleDown: <path d="M8 13.5 1.5 2.5h13z" />,
  square: <path d="M3 3h10v10H3z" />,
  dot: <circle cx="8" cy="8" r="5.5" />,
  ring: <path d="M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zm0 1.6a3.9 3.9 0 1 1 0 7.8 3.9 3.9 0 0 1 0-7.8z" fillRule="evenodd" />,
  halfDot: <path d="M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zm0 1.6v7.8a3.9 3.9 0 0 0 0-7.8z" fillRule="evenodd" />,
  diamond: <path d="M8 1.5 14.5 8 8 14.5 1.5 8z" />,
  escalate: <path d="M8 1.5 2.5 7h3.3v3.5h4.4V7h3.3zM5.8 12h4.4v2.5H5.8z" />,
  ban: <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zM3.1 8a4.9 4.9 0 0 1 7.8-3.9L4.1 10.9A4.9 4.9 0 0 1 3.1 8zm1.9 3.9 6.9-6.9a4.9 4.9 0 0 1-6.9 6.9z" fillRule="evenodd" />,
  download: <path d="M7.2 1.5v7.1L4.6 6 3.5 7.1 8 11.6l4.5-4.5L11.4 6 8.8 8.6V1.5zM2 12.9v1.6h12v-1.6z" />,
  bell: <path d="M8 1.5a1 1 0 0 0-1 1v.6A4.3 4.3 0 0 0 3.7 7.3v3.2L2.3 12v.8h11.4V12l-1.4-1.5V7.3A4.3 4.3 0 0 0 9 3.1v-.6a1 1 0 0 0-1-1zM6.3 13.6a1.7 1.7 0 0 0 3.4 0z" />,
  bellOff: <path d="m2.3 1.2-1.1 1.1 12.5 12.5 1.1-1.1-2-2H13.7V12l-1.4-1.5V7.3A4.3 4.3 0 0 0 9 3.1v-.6a1 1 0 0 0-2 0v.6a4.2 4.2 0 0 0-1.7.8zM3.7 7.3v3.2L2.3 12v.8h7.6L3.8 6.7a4 4 0 0 0-.1.6zm2.6 6.3a1.7 1.7 0 0 0 3.4 0z" />,
  fullscreen: <path d="M2 2h4.5v1.6H3.6v2.9H2zm7.5 0H14v4.5h-1.6V3.6H9.5zM2 9.5h1.6v2.9h2.9V14H2zm10.4 0H14V14H9.5v-1.6h2.9z" />,
  clock: <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13zm0 1.6a4.9 4.9 0 1 1 0 9.8 4.9 4.9 0 0 1 0-9.8zM7.2 4.5v4l3 1.8.8-1.3-2.2-1.3V4.5z" fillRule="evenodd" />,
  menu: <path d="M2 3.5h12v1.6H2zm0 3.7h12v1.6H2zm0 3.7h12v1.6H2z" />,
  pencil: <path d="m11.3 1.6 3.1 3.1-8.6 8.6-3.9.8.8-3.9zM3.9 10.9l-.4 1.6 1.6-.4z" fillRule="evenodd" />,
  send: <path d="M1.5 2.2 14.8 8 1.5 13.8l1.2-4.9L9 8 2.7 7.1z" />,
  repost: <path d="M4 2.5 1.5 5h1.7v5.5a1.5 1.5 0 0 0 1.5 1.5H9v-1.6H4.8V5h1.7zm8 11 2.5-2.5h-1.7V5.5A1.5 1.5 0 0 0 11.3 4H7v1.6h4.2V11H9.5z" />,
} as const;

export type IconName = keyof typeof PATHS;

interface IconProps {
  name: IconName;
  className?: string;
}

/** A 1em square glyph in the text's colour, baseline-aligned like the symbol it replaces. */
export function Icon({ name, className }: IconProps) {
  return (
    <svg className={className ? `icon ${className}` : 'icon'} viewBox="0 0 16 16" width="1em" height="1em" fill="currentColor" aria-hidden="true" focusable="false" data-icon={name}>
      {PATHS[name]}
    </svg>
  );
}
