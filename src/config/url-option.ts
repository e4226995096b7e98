import { MongoClient } from 'mongodb';
import type { OptionType } from '../dataset/option-types';

export function mongoUrl(): OptionType<string> {
  return {
    allowed: 'a connection string starting with mongodb:// or mongodb+srv://',
    parse(raw) {
      const v = typeof raw === 'string' ? raw.trim() : raw;
      if (typeof v !== 'string') return { ok: false };
      // The driver's own parser, so a bad port, option or unescaped '@' in the password is a
      // configuration error here, not a driver stack trace later. Nothing connects yet.
      try {
        new MongoClient(v);
      } catch (err) {
        return { ok: false, reason: err instanceof Error ? err.message : String(err) };
      }
      return /^mongodb(\+srv)?:\/\/[^\s/]+/.test(v) ? { ok: true, value: v } : { ok: false };
    },
  };
}
