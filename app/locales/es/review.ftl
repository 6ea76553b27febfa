## The moderators' queue (app/src/pages/review.rs).

review-page-title = Cola de revisión · Amazon Contract Tracker
review-heading = Cola de revisión
review-import-link = Importar acuerdos desde una hoja de cálculo

## After a decision: "Published. <deal> now shows revision 3; see its history."

review-published = Publicado.
review-published-revision = ahora muestra la revisión { $number }
review-see-history = ver su historial
# "Rechazado. El autor verá el motivo en el historial de <acuerdo> y en su cuenta."
review-turned-down = Rechazado.
review-turned-down-before = El autor verá el motivo en el historial de
review-turned-down-after = {" "}y en su cuenta.

## The queue: pending changes, proposed governments, open reports.

review-waiting = En espera de revisión ({ $count })
review-nothing-waiting = No hay nada pendiente. Gracias.
review-proposals = Gobiernos propuestos ({ $count })
review-no-proposals = No hay propuestas.
review-proposal-within = Dentro de { $parent } · propuesto por { $by }
review-deleted-user = usuario eliminado
review-approve = Aprobar
review-reason = Motivo
review-reject = Rechazar
review-reports = Informes abiertos ({ $count })
review-no-reports = No hay informes abiertos.
review-flag-line = { $kind } · informado por { $by } el { $date }
review-flag-report = Informe
review-resolve-label = Qué hizo al respecto
review-resolve = Resolver el informe

## One pending change, side by side with the published deal.

review-new-deal = Acuerdo nuevo:
review-change-to = Cambio en:
review-revision-line = Revisión { $number } por { $author } el { $date } · "{ $summary }"
review-stale = Este cambio se hizo a partir de una versión anterior. Al aprobarlo, se combina con los cambios publicados desde entonces; ninguno de ellos toca los mismos campos. La columna de la derecha muestra el resultado.
review-field = Campo
review-published-now = Publicado ahora
review-once-approved = Una vez aprobado
review-proposed = Propuesto
review-conflict = Un cambio publicado después de esta edición toca los mismos campos. Elija qué conservar; los demás cambios se conservan tal como se publicaron.
review-note = Nota
review-note-optional = (opcional; se muestra en el historial)
review-approve-publish = Aprobar y publicar
review-reject-reason = Motivo que verá el autor

## Importing a spreadsheet (app/src/pages/import.rs).

import-page-title = Importar · Amazon Contract Tracker
import-heading = Importar acuerdos desde una hoja de cálculo
import-only-moderators = Solo los moderadores pueden importar archivos. Pida ayuda a un moderador o registre los acuerdos uno por uno.
import-sign-in-first = Inicie sesión como moderador para importar archivos.
import-sign-in = Inicie sesión
# "Suba un CSV … (las columnas de una <descarga CSV>, más una columna opcional <external_id>) o …"
import-intro-before = Suba un CSV en el formato propio del sitio (las columnas de una
import-intro-link = descarga CSV
import-intro-middle = , más una columna opcional
import-intro-after = ) o una exportación de Subsidy Tracker de Good Jobs First. Antes de guardar nada, verá en qué se convierte cada fila. Los acuerdos importados se publican de inmediato, y el historial de cada uno indica el archivo.
import-imported = Se importó { $file }: { $summary }
import-file-label = Archivo CSV
# Followed by the command "tracker import FILE.csv".
import-file-hint = UTF-8, con una fila de encabezado. Hasta 16 MB; para archivos más grandes:
import-partial = Importar las filas correctas aunque algunas filas tengan problemas
import-update = Aplicar los cambios a filas importadas antes (como revisiones nuevas)
import-duplicates = Importar también los posibles duplicados (filas con el mismo gobierno, empresa, año y monto que un acuerdo ya registrado)
import-check = Revisar el archivo

## The report on a file.

import-report-written = Lo que se importó de { $file }
import-report-preview = Lo que se importaría de { $file }
import-read-as = Leído como { $format }. { $summary }
import-write = { $count ->
    [one] Importar { $count } fila
   *[other] Importar { $count } filas
}
import-caption = Cada fila, con el gobierno al que se asignó
import-col-line = Línea
import-col-deal = Acuerdo
import-col-government = Gobierno (cómo se encontró)
import-col-result = Resultado
import-problem = Problema: { $outcome }
import-see-deal = Ver el acuerdo { $id }
review-profiles = Cómo participar: cambios propuestos ({ $count })
review-no-profiles = No hay cambios propuestos.
review-profile-for = Cómo participar en { $place }
review-profile-by = Propuesto por { $by }
review-profile-place = La página del gobierno
