import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { createEventStore } from './create-event-store';
import { EVENT_STORE, type EventStore } from './event-store.port';

@Global()
@Module({
  providers: [{ provide: EVENT_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createEventStore(config) }],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown() {
    await this.store.dispose();
  }
}
