/**
 * The heartbeat loops behind suggestions and autonomy calibration, their schedulers and cards, entered through {@link
 * io.silas.proactivity.Proactivity}.
 */
@NullMarked
package io.silas.proactivity;

import org.jspecify.annotations.NullMarked;
