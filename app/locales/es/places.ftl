## Páginas de lugares (`/places/{usps}[/{slug}]`, pages/place.rs)

# La frase que muestra un enlace compartido. $disclosed y $undisclosed son place-share-disclosed
# y place-share-undisclosed, o nada.
place-share-none = Acuerdos entre { $place } y Amazon, con sus documentos fuente. Aún no hay ninguno registrado.
place-share-description = { $count ->
    [one] { $place }: { $count } acuerdo con Amazon{ $disclosed }{ $undisclosed }. Cada cifra enlaza a su fuente.
   *[other] { $place }: { $count } acuerdos con Amazon{ $disclosed }{ $undisclosed }. Cada cifra enlaza a su fuente.
}
# $amounts: "$23,000,000 máximo, $1,000 estimado".
place-share-disclosed = , montos divulgados: { $amounts }
place-share-undisclosed = , { $count } con el monto no divulgado
place-over-time = A lo largo del tiempo
place-by-status = Por situación
place-status = Situación
place-by-company = Por empresa de Amazon
place-company = Empresa
# Bajo la tabla de los acuerdos más recientes: "Estos son los 50 acuerdos más recientes de 51. [enlace], donde…"
place-more-link-area = Ver todos los acuerdos de { $place } y de los gobiernos de su territorio en la lista de acuerdos
place-more-link = Verlos todos en la lista de acuerdos
place-newest = Estos son los { $shown } acuerdos más recientes de un total de { $total }.
place-more-after = , donde puede filtrarlos, ordenarlos y descargarlos.
place-title = { $place } y Amazon · Amazon Contract Tracker
place-and-amazon = { $place } y Amazon
place-within-state = Todos los gobiernos de { $place }
place-within-county = Ciudades, pueblos y distritos de { $place }
place-feed-title = Acuerdos de { $place } con Amazon
place-breadcrumb = Ruta de navegación
place-all-states = Todos los estados
place-lede-state = El gobierno estatal de { $place }
# $kind: el tipo de gobierno ("county", "city", "school district").
place-lede-local = { $place } ({ $kind }) en { $state }
place-census = Censo
place-link-label = Enlace a esta página
# Seguido de la fecha.
place-last-updated = Última actualización:
place-own-heading-state = Acuerdos celebrados por el estado de { $place }
place-own-heading = Acuerdos celebrados por { $place }
place-own-empty = Aún no hay acuerdos registrados. ¿Conoce alguno? Regístrelo con su fuente.
place-the-deals = Los acuerdos
place-map-heading = Acuerdos por condado
place-map-sub = Cada condado está sombreado según los acuerdos celebrados por él o por las ciudades, pueblos y distritos que lo integran. Seleccione un condado para abrir su página.
place-map-label = Mapa de los condados de { $place }, sombreados según el número de acuerdos
place-within-sub-state = { $count ->
    [one] Sumados aparte de los acuerdos propios del estado. { $count } gobierno con acuerdos.
   *[other] Sumados aparte de los acuerdos propios del estado. { $count } gobiernos con acuerdos.
}
place-within-sub-county = { $count ->
    [one] Sumados aparte de los acuerdos propios del condado. { $count } gobierno con acuerdos.
   *[other] Sumados aparte de los acuerdos propios del condado. { $count } gobiernos con acuerdos.
}
place-within-empty = Ninguno de ellos tiene aún un acuerdo registrado.
place-linked-deals = Acuerdos vinculados
# Seguido de los enlaces a los archivos CSV y JSON.
place-download = Descargar:
place-follow = Seguir este lugar
place-filter = Filtrar estos acuerdos
place-embed-summary = Ponga este resumen en su sitio web
place-embed-copy = Copie este código en su página
place-embed-preview = Ver una vista previa del resumen insertado
place-record = Registrar un acuerdo de este lugar

## La lista de estados (`/places`, pages/place.rs)

place-index-title = Todos los estados · Amazon Contract Tracker
place-index-description = Lo que los gobiernos estatales y locales de cada estado de EE. UU. le dieron a Amazon: contratos, subsidios, reducciones de impuestos y alianzas, con sus fuentes.
place-index-og-title = Acuerdos con Amazon, estado por estado
place-index-heading = Lugares
# Seguido del enlace place-index-propose y un punto.
place-index-intro = Elija un estado para ver lo que su gobierno, y cada condado, ciudad, pueblo y distrito escolar que hay en él, le dieron a Amazon. ¿Falta una autoridad portuaria o una junta de desarrollo?
place-index-propose = Propóngala
place-index-map-label = Mapa de los estados, sombreados según el número de acuerdos registrados en cada uno
place-index-every-state = Cada estado
place-index-state-deals = { $count ->
    [one] { $count } acuerdo
   *[other] { $count } acuerdos
}

## Gráficos: la línea de tiempo, las tablas de desglose y los mapas (pages/charts.rs)

chart-timeline-one-year = { $count ->
    [one] { $count } acuerdo fechado en { $year }.
   *[other] { $count } acuerdos fechados en { $year }.
}
chart-timeline-years = { $count ->
    [one] { $count } acuerdo fechado entre { $first } y { $last }; el año con más acuerdos tuvo { $max }.
   *[other] { $count } acuerdos fechados entre { $first } y { $last }; el año con más acuerdos tuvo { $max }.
}
chart-timeline-empty = Ningún acuerdo tiene fecha todavía, así que no hay línea de tiempo.
# $summary: chart-timeline-one-year o chart-timeline-years.
chart-timeline-title = Acuerdos por año, por tipo. { $summary }
chart-show-table = Mostrar las cifras como tabla
chart-timeline-caption = Acuerdos por año, por tipo
chart-year = Año
chart-all = Todos
chart-deals = Acuerdos
chart-disclosed = Montos divulgados
chart-undisclosed = No divulgados
# Un área de un mapa: "Franklin County: 2 acuerdos".
chart-map-area = { $count ->
    [one] { $name }: { $count } acuerdo
   *[other] { $name }: { $count } acuerdos
}
chart-map-list = Mostrar el mapa como lista
# Tras el nombre de un área en la lista: "Franklin County: 2 acuerdos".
chart-map-list-count = { $count ->
    [one] : { $count } acuerdo
   *[other] : { $count } acuerdos
}

## Leyendas de los mapas (maps.rs)

map-legend-none = Ningún acuerdo registrado
map-legend-range = { $from }–{ $to } acuerdos
map-legend-exact = { $count ->
    [one] { $count } acuerdo
   *[other] { $count } acuerdos
}
map-legend-more = { $count } o más acuerdos

## El resumen para insertar en otros sitios (`/embed/places/…`, pages/embed.rs)

embed-title = { $place } y Amazon
embed-none = Aún no hay acuerdos con Amazon registrados.
embed-count = { $count ->
    [one] { $count } acuerdo con Amazon
   *[other] { $count } acuerdos con Amazon
}
# Tras un monto y su base: "$23,000,000 máximo (2 acuerdos)".
embed-basis-deals = { $count ->
    [one] ({ $count } acuerdo)
   *[other] ({ $count } acuerdos)
}
# Tras el número de acuerdos, que se muestra en negrita.
embed-undisclosed = { $count ->
    [one] acuerdo con el monto no divulgado
   *[other] acuerdos con el monto no divulgado
}
embed-see-all = Ver todos los acuerdos y sus fuentes

## El botón para compartir (pages/share.rs; share.js muestra estos textos)

share-copied = Enlace copiado. Péguelo en un mensaje o una publicación.
share-failed = Su navegador no permitió copiar: seleccione la dirección en el recuadro y cópiela.
share-button = Compartir esta página

## Cómo seguir un feed (`/follow`, pages/follow.rs)

follow-title = Seguir · Amazon Contract Tracker
follow-heading = Seguir los acuerdos nuevos y modificados
follow-lede = Entérese de los acuerdos nuevos y de las correcciones sin tener que revisar este sitio todos los días.
follow-reader-heading = Con un lector de feeds
follow-reader-text = Un feed es una lista de novedades que una aplicación lectora de feeds revisa por usted (por ejemplo, Feedly, Inoreader, NetNewsWire o Thunderbird en una computadora). En la aplicación, elija "Agregar feed" o "Suscribirse" y pegue esta dirección:
follow-address-label = Dirección del feed
# Seguido del enlace follow-open-feed.
follow-raw-text = Si abre la dirección en un navegador, verá el texto sin formato del feed: es normal, un feed está hecho para las aplicaciones lectoras.
follow-open-feed = Abrir el feed
follow-what-heading = Qué recibirá
follow-what-text = Una entrada por cada acuerdo registrado y por cada corrección que publique un moderador, con el lugar, el monto y un enlace a la página del acuerdo y a su historial.
follow-about-data = Acerca de los datos y su licencia

## Sugerencias de la búsqueda de lugares (`repo::jurisdictions::suggest`).

place-suggest-state = { $name } (estado)
place-suggest-unincorporated = { $place }, { $usps } (zona no incorporada) → { $county }
