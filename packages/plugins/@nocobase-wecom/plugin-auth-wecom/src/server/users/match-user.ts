import type { Database, Model, Transaction } from '@nocobase/database';
import { isSameMobile, mobileCandidates, normalizeMobile } from '../wecom';

const SCAN_CHUNK = 500;

/**
 * The user whose `users.phone` is this mobile, however it was written
 * (`+86 138-0000-0001` matches `13800000001`). Exact spellings are tried
 * first; otherwise stored phones are normalised in chunks (first sign-ins only).
 */
export async function findUserByMobile(db: Database, mobile: string, transaction?: Transaction): Promise<Model | undefined> {
  const normalised = normalizeMobile(mobile);
  if (!normalised) return undefined;
  const repository = db.getRepository('users');
  const exact = await repository.find({ filter: { phone: { $in: mobileCandidates(mobile) } }, transaction });
  const hit = exact.find((user: Model) => isSameMobile(user.get('phone'), normalised));
  if (hit) return hit;

  const lastDigits = normalised.slice(-2);
  for (let offset = 0; ; offset += SCAN_CHUNK) {
    const rows: Model[] = await repository.find({
      filter: { phone: { $includes: lastDigits } },
      fields: ['id', 'phone'],
      sort: ['id'],
      offset,
      limit: SCAN_CHUNK,
      transaction,
    });
    const found = rows.find((user) => isSameMobile(user.get('phone'), normalised));
    if (found) return repository.findOne({ filterByTk: found.get('id') as number, transaction });
    if (rows.length < SCAN_CHUNK) return undefined;
  }
}
