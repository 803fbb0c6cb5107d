/**
 * Payload shapes as the services document them: a Mastodon Status
 * (https://docs.joinmastodon.org/entities/Status/) and a Telegram Update carrying a channel post
 * (https://core.telegram.org/bots/api#update).
 */
export function mastodonStatus(id: string, html: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    created_at: '2026-11-26T00:30:00.000Z',
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: 'id',
    uri: `https://mastodon.example/users/warga/statuses/${id}`,
    url: `https://mastodon.example/@warga/${id}`,
    replies_count: 1,
    reblogs_count: 2,
    favourites_count: 3,
    edited_at: null,
    content: html,
    reblog: null,
    application: { name: 'Web', website: null },
    account: {
      id: '109302',
      username: 'warga',
      acct: 'warga',
      display_name: 'Warga <b>Bandung</b>',
      locked: false,
      bot: false,
      created_at: '2022-11-06T00:00:00.000Z',
      note: '',
      url: 'https://mastodon.example/@warga',
      avatar: 'https://mastodon.example/avatars/original/missing.png',
      followers_count: 120,
      following_count: 80,
      statuses_count: 900,
      emojis: [],
      fields: [],
    },
    media_attachments: [],
    mentions: [],
    tags: [{ name: 'bpjs', url: 'https://mastodon.example/tags/bpjs' }],
    emojis: [],
    card: null,
    poll: null,
    ...over,
  };
}

export function telegramUpdate(updateId: number, messageId: number, text: string | undefined, chat: { id: number; username?: string; title?: string } = { id: -1001234567890, username: 'infobencana', title: 'Info Bencana' }): Record<string, unknown> {
  return {
    update_id: updateId,
    channel_post: {
      message_id: messageId,
      sender_chat: { id: chat.id, title: chat.title, username: chat.username, type: 'channel' },
      chat: { id: chat.id, title: chat.title, username: chat.username, type: 'channel' },
      date: 1_795_650_000 + messageId,
      ...(text !== undefined ? { text } : {}),
    },
  };
}
