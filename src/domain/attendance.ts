/**
 * Attendances: one stay of one person in one meeting, from a join the host reported to the matching leave
 * (MB-9, MB-10 statistics). A person who leaves and comes back has one attendance per stay, so the time
 * between stays is never counted.
 *
 * @module
 */
import { z } from 'zod';
import { idSchema, timestampSchema } from './primitives';

/** Schema of an {@link Attendance}. */
export const attendanceSchema = z
  .object({
    id: idSchema,
    meetingId: idSchema,
    /** The meeting's organisation (the person may come from any organisation, EP-4): statistics count it there. */
    organisationId: idSchema,
    userId: idSchema,
    /** When the host reported the join. */
    joinedAt: timestampSchema,
    /** When the host reported the matching leave (or the meeting's end); `null` while the person is in. */
    leftAt: timestampSchema.nullable(),
  })
  .refine((a) => a.leftAt === null || a.leftAt.getTime() >= a.joinedAt.getTime(), {
    path: ['leftAt'],
    message: 'an attendance ends after it starts',
    params: { reason: 'left_before_joining' },
  });

/** One stay of a person in a meeting, as the host reported it. */
export type Attendance = z.infer<typeof attendanceSchema>;
