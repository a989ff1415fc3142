// redactUrl: a URL as it may appear in a message: no credentials, no secret-looking query values, no known secret.
import { describe, expect, it } from 'vitest';
import { forgetSecret, redactUrl, registerSecret } from '../src/index.js';

describe('redactUrl', () => {
  it('hides the credentials and every query value whose name looks secret', () => {
    const names = ['APIKey', 'token', 'password', 'client_secret', 'sessionId', 'Authorization', 'pin'];
    const query = names.map((name) => `${name}=v-${name}`).join('&');
    expect(redactUrl(`https://user:pa55@h.example/x?${query}&to=27&text=hi`)).toBe(
      `https://h.example/x?${names.map((name) => `${name}=REDACTED`).join('&')}&to=27&text=hi`,
    );
    expect(redactUrl(new URL('https://h.example/x?to=27'))).toBe('https://h.example/x?to=27');
  });

  it('scrubs registered secrets anywhere in the URL, parsed or not', () => {
    registerSecret('url-secret-6c7d');
    try {
      expect(redactUrl('https://h.example/url-secret-6c7d/x?q=url-secret-6c7d')).toBe(
        'https://h.example/[REDACTED]/x?q=[REDACTED]',
      );
      expect(redactUrl('not a url: url-secret-6c7d')).toBe('not a url: [REDACTED]');
    } finally {
      forgetSecret('url-secret-6c7d');
    }
  });
});
