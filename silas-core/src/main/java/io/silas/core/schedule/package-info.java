/**
 * Background scheduling: the {@link io.silas.core.schedule.Scheduler} interface, its
 * {@link io.silas.core.schedule.Schedule} variants (cron, fixed rate) and job snapshots. The default
 * implementation is {@code io.silas.proactivity.Proactivity.scheduler(..)};
 * {@link io.silas.core.schedule.Scheduler#disabled()} is the null object.
 */
@NullMarked
package io.silas.core.schedule;

import org.jspecify.annotations.NullMarked;
