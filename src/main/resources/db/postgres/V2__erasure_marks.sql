-- a visitor erased while their events were in the Kafka topic: events before the mark's offset
-- in its partition are skipped by any node that reads the partition again
create table erasure_marks (
  topic text not null,
  kafka_partition integer not null,
  kafka_offset bigint not null,
  user_id text not null,
  erased_at bigint not null,
  primary key (topic, kafka_partition, kafka_offset));
