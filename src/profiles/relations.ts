/**
 * The relations the shipped profiles declare: principal attributes their rules read that the Store holds as
 * pairs, so that no command need load a person's whole list (EP-3 invitations, KA-5 and KA-11 oversight).
 * `coEditedSurveyIds` (KA-6) has no stored collection yet and stays a loaded attribute; `peerCoordinatorIds`
 * (EP-4) is a short list of people, not a history, and stays loaded too.
 *
 * @module
 */
import { where } from '../domain/filter';
import type { RelationDefinition } from '../policy/relations';

/** EP-3 `principal.invitedMeetingIds`: the meetings whose participants include the principal. */
export const invitedMeetings: RelationDefinition = { collection: 'participants', valueField: 'meetingId', principalField: 'userId' };

/** KA-5 `principal.overseenUserIds`: the accounts, not deleted, whose manager the principal is (KA-3). */
export const overseenUsers: RelationDefinition = { collection: 'users', valueField: 'id', principalField: 'managerId', where: where.isNull('deletedAt') };

/** KA-11 `principal.formerlyOverseenUserIds`: the people removed from the principal's oversight. */
export const formerlyOverseenUsers: RelationDefinition = { collection: 'formerOversights', valueField: 'userId', principalField: 'managerId' };
