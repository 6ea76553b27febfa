## The deal form (/deals/new and the edit page): app/src/pages/new_deal.rs

form-signin-before = Por favor,
form-signin-link = inicie sesión
form-signin-after = para registrar un acuerdo.
form-page-title = Registrar un acuerdo · Amazon Contract Tracker
form-heading = Registrar un acuerdo
form-intro = Registre un solo acuerdo entre un gobierno y Amazon. Cite al menos una fuente que cualquier lector pueda comprobar: un enlace al contrato, al acta o a una noticia, o el título y el emisor de un documento que tenga en su poder.

## The deal form: what each field is called (labels, and the list of problems at the top)

form-field-title = Título
form-field-jurisdiction = Gobierno que celebró el acuerdo
form-field-entity = Empresa de Amazon
form-field-kind = Tipo de acuerdo
form-field-status = Situación
form-field-agency = Organismo o dependencia que lo otorga
form-field-program = Programa
form-field-amount = Monto
form-field-value-basis = Qué significa el monto
form-field-jobs = Empleos prometidos
form-field-announced = Anunciado
form-field-approved = Aprobado
form-field-starts = Inicio
form-field-ends = Fin
form-field-facility-name = Nombre de la instalación o del proyecto
form-field-facility-location = Dónde está la instalación
form-field-description = Qué ocurrió
form-field-sources = Fuentes
form-field-source-url = Fuente { $n }, enlace
form-field-source-title = Fuente { $n }, título
form-field-source-publisher = Fuente { $n }, emisor
form-field-source-published = Fuente { $n }, fecha de publicación
form-field-source-archive-url = Fuente { $n }, copia archivada
form-field-source-note = Fuente { $n }, nota
form-field-source-file = Fuente { $n }, documento

## The deal form: fieldsets, hints, buttons

form-optional = (opcional)
form-choose = Elija…
form-company-part-of = { $name } (parte de { $parent })
form-dates-hint = Un año (2023), año y mes (2023-05) o fecha completa (2023-05-17).
form-duplicates-heading = ¿Es alguno de estos?
form-duplicates-before = Si lo es, deténgase aquí y
form-duplicates-strong = corrija ese acuerdo
form-duplicates-after = en lugar de registrarlo de nuevo. Si el suyo es un acuerdo distinto, guárdelo abajo.
form-legend-deal = El acuerdo
form-title-hint = Breve y claro, p. ej., "Alojamiento en la nube de AWS para los sistemas del condado".
form-jurisdiction-hint = La ciudad, el condado, el distrito escolar o el estado que paga, firma u otorga; no el lugar donde está el edificio. P. ej., "Arlington County, VA".
form-agency-hint = P. ej., "Board of Supervisors" (junta de supervisores) o "Police Department" (departamento de policía).
form-program-hint = P. ej., "Business Investment Grant".
form-legend-money = Dinero
form-legend-dates = Fechas
form-legend-facility = Instalación
form-facility-name-hint = P. ej., "Project Rex" o "centro de datos DCA-12".
form-facility-location-hint = Puede ser distinto del gobierno que celebró el acuerdo.
form-summary-label = Qué cambió y por qué
form-summary-hint = Se muestra en el historial público del acuerdo, p. ej., "Monto corregido según el contrato firmado".
form-save-changes = Guardar cambios
form-save-different = Es un acuerdo distinto: guardar
form-save = Guardar acuerdo

## The deal form: fields someone else changed meanwhile (also on the review page)

form-conflicts-legend = Otra persona hizo cambios mientras usted editaba
form-conflicts-kept = Estos cambios se hicieron mientras tanto y se mantienen; el formulario de abajo ya los incluye:
form-conflicts-choose = Ambos cambiaron estos campos. Elija qué valor conservar en cada uno:
form-conflict-when-started = Cuando empezó:
form-conflict-keep-now = Conservar el valor actual:
form-conflict-use-mine = Usar el suyo:

## Islands (app/src/islands/mod.rs): looked up by the page that shows them, passed as props

island-place-placeholder = p. ej., Arlington County, VA
island-amount-label = Monto en dólares estadounidenses
island-amount-hint = P. ej., $23,000,000 o 1.5 millones. Escriba 0 si el acuerdo no le cuesta nada al gobierno.
island-amount-undisclosed = Monto no divulgado
island-basis-label = Qué significa el monto
island-choose = Elija…
island-sources-legend = Fuentes
island-sources-add = Agregar otra fuente
island-source-heading = Fuente { $n }
island-source-url = Enlace al documento
island-source-url-hint = Empieza con https:// o http://. Déjelo vacío si el documento no tiene un enlace público.
island-source-title = Título
island-source-title-hint = Obligatorio si no hay enlace.
island-source-publisher = Emisor
island-source-publisher-hint = Quién lo emitió, p. ej., "City Clerk" (secretaría municipal). Obligatorio si no hay enlace.
island-source-published = Fecha de publicación
island-source-archive-url = Copia archivada
island-source-note = Nota
island-source-note-hint = Qué parte del documento respalda el acuerdo, p. ej., un número de página.
island-source-file = Documento (opcional)
island-source-file-hint = El documento mismo, si lo tiene: un PDF, un escaneo (PNG, JPEG o TIFF), una página web guardada o un archivo de texto, de hasta { $mb } MB. El sitio lo guarda con su huella SHA-256 y busca en su texto. Dele un título y un emisor si no tiene enlace.
island-source-file-kept = Hay un documento guardado para esta fuente.
island-source-file-wait = Espere a que termine de enviarse el documento (la barra debajo muestra cuánto falta) y luego guarde.
island-source-file-kept-link = Huella

## Editing a deal (/deals/{id}/edit): app/src/pages/edit_deal.rs

edit-signin-before = Por favor,
edit-signin-link = inicie sesión
edit-signin-after = para editar un acuerdo.
edit-page-title = Editar: { $title } · Amazon Contract Tracker
edit-breadcrumb = Ruta de navegación
edit-heading = Editar este acuerdo
edit-moderator-note = Usted tiene permisos de moderación: sus cambios se publican de inmediato y quedan registrados en el historial.
edit-contributor-note = Sus cambios pasan a moderación. El público sigue viendo la versión actual hasta que se aprueben.
edit-earlier-waiting = Su cambio anterior aún espera revisión.
edit-earlier-starts = Este formulario parte de él; al guardar, se reemplaza por esta versión.
edit-earlier-link = Ver su cambio en espera
edit-others-waiting = { $count ->
    [one] { $count } cambio de otras personas espera revisión;
   *[other] { $count } cambios de otras personas esperan revisión;
}
edit-review-queue-link = vea la cola de revisión
edit-conflicts-history-link = Ver en el historial qué cambió

## A deal's history (/deals/{id}/history): app/src/pages/history.rs

history-no-change = Ningún campo cambió.
history-col-field = Campo
history-col-before = Antes
history-col-recorded = Registrado como
history-col-after = Después
history-page-title = Historial: { $title } · Amazon Contract Tracker
history-breadcrumb = Ruta de navegación
history-heading = Historial de este acuerdo
history-intro = Se conservan todos los cambios. Cada entrada muestra quién lo hizo, cuándo, por qué y qué cambió.
history-withdrawn = Este acuerdo fue retirado posteriormente.
history-state-shown = visible ahora
history-state-earlier = publicado antes
history-state-pending = en espera de revisión
history-state-rejected = no aceptado
history-state-merged = publicado como parte de una revisión posterior
history-state-superseded = reemplazado por una versión más reciente de su autor
history-revision = Revisión { $number }
history-made-by = { $when }, por { $author }
history-deleted-user = usuario eliminado
history-started-from = a partir de la revisión { $number }
history-merged-from = Publica la revisión { $number }, que se hizo a partir de una versión anterior, combinada con los cambios hechos desde entonces.
history-rejected-reason = Motivo de la moderación:
history-note-from = Nota de { $name }:
history-a-moderator = un moderador
history-revert-summary = Volver a la revisión { $number }…
history-revert-reason = ¿Por qué? Se muestra en el historial público
history-revert-confirm = Sí, reemplazar lo que ve el público por la revisión { $number }
history-revert-button = Volver a la revisión { $number }

## Proposing a government (/places/propose): app/src/pages/propose.rs

propose-signin-before = Por favor,
propose-signin-link = inicie sesión
propose-signin-after = para proponer un gobierno.
propose-page-title = Proponer un gobierno · Amazon Contract Tracker
propose-heading = Proponer un gobierno
propose-intro = Las autoridades portuarias y aeroportuarias, las juntas de desarrollo industrial y las agencias de desarrollo económico suelen hacer acuerdos con Amazon, pero no figuran en las listas del censo. Proponga uno aquí; un moderador lo revisa antes de que aparezca.
propose-sent = Gracias. Un moderador revisará su propuesta.
propose-name = Nombre completo
propose-kind = Tipo
propose-state = Estado (dos letras)
propose-parent = Condado o ciudad al que pertenece
propose-optional = (opcional)
propose-parent-placeholder = p. ej., King County, WA
propose-note = Dónde consta su creación
propose-note-hint = Una ley, un estatuto o una página web oficial que un moderador pueda comprobar.
propose-send = Enviar propuesta

## The deal form's events

form-events-summary = Audiencias, votaciones y plazos (añadir uno)
form-events-legend = Decisiones y fechas
form-events-hint = ¿Cuándo se decide o se renueva este acuerdo? Añada la audiencia pública, la votación, el plazo para comentarios públicos o una fecha de opción de renovación, para que la gente pueda participar. Un evento a la vez: guarde y luego edite para añadir otro.
form-event-heading = Evento { $n }
form-event-kind = Qué ocurre
form-event-date = Fecha
form-event-date-hint = El día, como 2027-03-14.
form-event-time = Hora (opcional)
form-event-time-hint = Hora local, como 18:30. Déjela vacía para un plazo o una fecha de todo el día.
form-event-zone = Zona horaria
form-event-zone-default = La zona horaria del estado
form-event-body = Quién decide (opcional)
form-event-body-hint = Por ejemplo "Arlington County Board" o "Junta Escolar".
form-event-location = Dónde (opcional)
form-event-location-hint = La dirección de la reunión, o un enlace para verla o unirse.
form-event-agenda-url = Enlace a la agenda o al aviso (opcional)
form-event-outcome = Resultado
form-event-outcome-none = Aún no celebrado, o se desconoce
form-event-outcome-url = Fuente del resultado
form-event-outcome-url-hint = El acta o una noticia que muestre lo que se decidió. Necesaria con un resultado.
