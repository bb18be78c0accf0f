import { useDbQuery } from '../../app/queries';
import { getOrganisation } from '../../db/organisation';
import { listStaff } from '../../db/staff';

export const useOrganisationQuery = () => useDbQuery(['organisation'], getOrganisation);
export const useStaffQuery = () => useDbQuery(['staff'], listStaff);
