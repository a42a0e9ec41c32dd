import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { ReconcileMedicationsHandler } from './medication.commands';
import { MedicationResolver } from './medication.resolver';

/** Medication reconciliations; the current list is part of the patient record. */
@Module({
  imports: [PatientsModule],
  providers: [MedicationResolver, ReconcileMedicationsHandler],
})
export class MedicationsModule {}
