import { Module } from '@nestjs/common';
import { PatientStreamModule } from '../patient-stream/patient-stream.module';
import { MedicationResolver } from './medication.resolver';

/** Medication reconciliations; the current list is part of the patient record. */
@Module({
  imports: [PatientStreamModule],
  providers: [MedicationResolver],
})
export class MedicationsModule {}
