## La lista de acuerdos, /deals (app/src/pages/browse.rs).

browse-title = Todos los acuerdos · Amazon Contract Tracker
browse-feed-title = Acuerdos nuevos y modificados en esta vista
browse-heading = Todos los acuerdos
# count es el número de acuerdos que coinciden (para el plural); total, el mismo número tal como se muestra (1,234).
browse-matches = { $count ->
    [one] { $total } acuerdo coincide.
   *[other] { $total } acuerdos coinciden.
}
browse-in-place = En { $place }.

## Los filtros.

browse-filters = Filtros
browse-search-label = Buscar en el texto
browse-search-placeholder = p. ej., centro de datos, Ring, GovCloud
browse-place-chip = Lugar: { $place }
browse-remove = (quitar)
browse-state = Estado
browse-state-placeholder = p. ej., VA
browse-kind = Tipo
browse-status = Situación
browse-company = Empresa de Amazon
browse-company-any = Cualquiera
browse-company-part-of = { $name } (parte de { $parent })
browse-company-and-its = { $name } y sus empresas
browse-amount-from = Monto desde
browse-amount-to = Monto hasta
browse-date-from = Fecha desde
browse-date-to = Fecha hasta
browse-amount = Monto
browse-disclosed-any = Divulgado o no
browse-disclosed-yes = Solo divulgados
browse-disclosed-no = Solo no divulgados
browse-order = Orden
browse-sort-newest = Registro más reciente
browse-sort-amount = Monto más alto
browse-sort-approved = Fecha de aprobación más reciente
browse-sort-relevance = Mejor coincidencia (con una búsqueda)
browse-submit = Mostrar acuerdos
browse-clear = Quitar todos los filtros

## Los resultados.

browse-jump = Filtrar estos acuerdos
# Seguido de los enlaces CSV · JSON · Seguir esta lista · Acerca de los datos.
browse-download = Descargar esta vista:
browse-follow = Seguir esta lista
browse-about-data = Acerca de los datos
browse-facets-heading = Cómo se distribuyen estos acuerdos
browse-year = Año
# Una búsqueda sin resultados: antes y después de la ortografía sugerida, que es un enlace.
browse-suggest-before = Ningún acuerdo coincide. ¿Quiso decir
browse-suggest-after = ?
browse-none = Ningún acuerdo coincide. Quite un filtro o busque menos palabras.
browse-pages = Páginas
browse-first-page = ← Primera página
browse-next-page = Siguientes 50 →
browse-source = Fuente

## La página de un acuerdo, /deals/{id} (app/src/pages/deal.rs): un acuerdo retirado.

deal-page-withdrawn-title = Retirado: { $title } · Amazon Contract Tracker
deal-page-breadcrumb = Ruta de navegación
deal-page-withdrawn-heading = Este acuerdo fue retirado
# Seguido del título del acuerdo.
deal-page-number-colon = Acuerdo número { $id }:
# Entre el gobierno y la empresa de Amazon: "Arlington County y Amazon Web Services, Inc."
deal-page-and = y
deal-page-withdrawn-lede = Un moderador lo retiró. Ya no cuenta en ningún total ni en ninguna lista.
# Seguido del motivo del moderador, tal como lo escribió.
deal-page-withdrawn-reason = Motivo:
# Seguido de un enlace al acuerdo que se conserva y de deal-page-duplicate-kept.
deal-page-duplicated = Duplicaba el acuerdo número { $id }:
deal-page-deal-n = acuerdo { $id }
deal-page-duplicate-kept = , que se conserva.
deal-page-full-history = Ver su historial completo

## La página de un acuerdo: el acuerdo y sus datos.

# La descripción de la página para buscadores y vistas previas: amount es la cifra o el texto de monto no divulgado; basis, "máximo" o nada.
deal-page-description = { $place }: { $title } con { $company }. { $amount } { $basis }
# Después del nombre de la empresa de Amazon.
deal-page-part-of = (parte de { $parent })
deal-page-unreviewed = aún sin revisar por un moderador
deal-page-row-kind = Tipo
deal-page-row-status = Situación
deal-page-row-agency = Organismo o dependencia que lo otorga
deal-page-row-program = Programa
deal-page-row-amount = Monto
deal-page-row-basis = Qué significa el monto
deal-page-row-announced = Anunciado
deal-page-row-approved = Aprobado
deal-page-row-starts = Inicio
deal-page-row-ends = Fin
deal-page-row-jobs = Empleos prometidos
deal-page-row-facility = Instalación o proyecto
deal-page-row-facility-location = Ubicación de la instalación
deal-page-row-government = Gobierno
deal-page-row-identifier = Identificador oficial
deal-page-what-happened = Qué ocurrió
deal-page-sources = Fuentes
deal-page-archived-copy = copia archivada
deal-page-corrections = Correcciones
# Seguido de lo que hizo el moderador, tal como lo escribió.
deal-page-resolved-on = Un problema informado se resolvió el { $date }:
deal-page-number = Acuerdo número { $id }.
deal-page-recorded-by = Registrado por { $who } el { $date }.
deal-page-deleted-user = usuario eliminado
deal-page-revisions = { $count ->
    [one] { $count } revisión hasta ahora.
   *[other] { $count } revisiones hasta ahora.
}
deal-page-see-history = Ver el historial

## La página de un acuerdo: en qué estado están los cambios propios.

deal-page-rejected = No publicado: un moderador rechazó este acuerdo.
deal-page-rejected-reason = Motivo del moderador: { $reason }
# Luego dos enlaces: "Corríjalo y envíelo de nuevo", " o ", "vea su historial", ".".
deal-page-rejected-only-you = Solo usted y los moderadores pueden verlo.
deal-page-rejected-correct = Corríjalo y envíelo de nuevo
deal-page-rejected-or = {" "}o{" "}
deal-page-rejected-history = vea su historial
deal-page-waiting = En espera de revisión.
deal-page-waiting-only-you = Solo usted y los moderadores pueden ver este acuerdo hasta que un moderador lo apruebe.
deal-page-waiting-status = Ver cómo va su revisión
deal-page-sent = Gracias. Su cambio se envió a los moderadores; esta página muestra la versión actual hasta que lo aprueben.
deal-page-mine-waiting = Su cambio está en espera de revisión.
deal-page-mine-published-shown = Esta página muestra la versión publicada hasta que un moderador lo apruebe.
deal-page-see-mine = Ver su cambio
deal-page-change-again = Cambiarlo de nuevo
deal-page-flagged = Gracias. Los moderadores revisarán su informe; la página de su cuenta muestra lo que hicieron al respecto.

## La página de un acuerdo: corregir, informar, retirar.

# Un enlace, seguido de deal-page-sign-in-after.
deal-page-sign-in = Inicie sesión
deal-page-sign-in-after = para corregir este acuerdo o informar un problema.
deal-page-improve = Mejorar este registro
deal-page-correct = Corregir este acuerdo
deal-page-report = Informar un problema
deal-page-report-not-sent = Su informe no se envió: vea la nota más abajo.
deal-page-report-what = ¿Qué está mal?
deal-page-report-details = Detalles
deal-page-report-send = Enviar informe
deal-page-withdraw = Retirar este acuerdo (moderadores)
deal-page-withdraw-reason = Motivo, visible públicamente
deal-page-withdraw-duplicate = Duplicado de (número o enlace del acuerdo que se conserva)
deal-page-optional = (opcional)
deal-page-withdraw-duplicate-hint = El número de cada acuerdo (p. ej., 42) aparece al final de su página; también puede pegar su dirección.
deal-page-withdraw-button = Retirar

## La página de un acuerdo: vínculos entre acuerdos.

deal-page-links = Acuerdos relacionados
deal-page-links-none = Todavía no hay acuerdos vinculados.
deal-page-link-remove = Quitar vínculo
deal-page-link-add = Vincular otro acuerdo
deal-page-link-kind = Cómo se relacionan
deal-page-link-package = Parte del mismo paquete
deal-page-link-amends = Este acuerdo modifica el otro
deal-page-link-renews = Este acuerdo renueva el otro
deal-page-link-cooperative = Este acuerdo compra mediante el contrato cooperativo del otro
deal-page-link-other = Número del otro acuerdo
deal-page-link-other-hint = Está en la dirección del otro acuerdo: /es/deals/42 es el número 42.
deal-page-link-button = Vincular

## Lo que, según el informe de un lector, está mal (FLAG_KINDS en app/src/model/workflow.rs).

flag-reason-amount-wrong = El monto es incorrecto
flag-reason-duplicate = Duplicado de otro acuerdo
flag-reason-source-dead = El enlace a una fuente no funciona
flag-reason-other = Otra cosa
